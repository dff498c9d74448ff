//! The small word list the demo text is put together from (original, synthetic phrases).

pub const ZH_LEADS: &[&str] = &[
    "深入理解",
    "浅谈",
    "一文读懂",
    "从零实现",
    "重新认识",
    "聊聊",
    "图解",
    "实战：",
    "漫谈",
    "如何优雅地使用",
    "为什么我们放弃了",
    "三分钟看懂",
    "动手写一个",
    "再谈",
];

pub const ZH_TOPICS: &[&str] = &[
    "Rust 所有权",
    "异步运行时",
    "微服务架构",
    "数据库索引",
    "前端性能",
    "容器编排",
    "分布式事务",
    "缓存一致性",
    "机器学习模型",
    "推荐系统",
    "全文检索",
    "消息队列",
    "函数式编程",
    "类型系统",
    "编译器优化",
    "区块链共识",
    "移动端渲染",
    "小程序开发",
    "云原生网关",
    "日志分析",
    "单元测试",
    "代码评审",
    "接口设计",
    "内存管理",
    "并发模型",
    "网络协议",
    "响应式布局",
    "数据可视化",
    "大模型推理",
    "边缘计算",
    "灰度发布",
    "限流熔断",
];

pub const ZH_TAILS: &[&str] = &[
    "的设计取舍",
    "的十个误区",
    "背后的原理",
    "最佳实践",
    "踩坑记录",
    "性能调优笔记",
    "从入门到进阶",
    "在生产环境中的应用",
    "的演进之路",
    "常见问题汇总",
    "：一次复盘",
    "的正确打开方式",
];

pub const EN_LEADS: &[&str] = &[
    "A Gentle Introduction to",
    "Notes on",
    "Lessons Learned from",
    "Rethinking",
    "Inside",
    "Practical",
    "Debugging",
    "Scaling",
    "Ten Things About",
    "Understanding",
    "Why We Rewrote",
    "A Field Guide to",
];

pub const EN_TOPICS: &[&str] = &[
    "Async Runtimes",
    "Database Indexes",
    "Cache Invalidation",
    "Service Meshes",
    "Type Systems",
    "Feed Ranking",
    "Message Queues",
    "Full-Text Search",
    "Memory Allocators",
    "Frontend Bundles",
    "Container Scheduling",
    "Rate Limiting",
    "Snowflake IDs",
    "Connection Pools",
    "Log Pipelines",
    "Edge Functions",
    "Vector Search",
    "Canary Releases",
];

pub const EN_TAILS: &[&str] = &[
    "in Production",
    "for Beginners",
    "the Hard Way",
    "at Scale",
    "Without the Hype",
    "Step by Step",
    "and Why It Matters",
    "in One Afternoon",
    "",
    "",
];

pub const ZH_SUBJECTS: &[&str] = &[
    "这个方案",
    "我们的团队",
    "很多开发者",
    "在实际项目中，我们",
    "社区",
    "新版本",
    "这套工具",
    "上线之后，系统",
    "第一版实现",
    "压测结果",
];

pub const ZH_VERBS: &[&str] = &[
    "显著降低了",
    "重新设计了",
    "逐步替换了",
    "认真评估了",
    "大幅简化了",
    "意外暴露了",
    "持续改善了",
    "重新梳理了",
    "量化了",
];

pub const ZH_OBJECTS: &[&str] = &[
    "请求延迟",
    "部署流程",
    "内存占用",
    "代码的可读性",
    "故障恢复时间",
    "接口的一致性",
    "测试覆盖率",
    "数据迁移成本",
    "冷启动时间",
    "线上告警数量",
    "排查问题的难度",
];

pub const ZH_CLAUSES: &[&str] = &[
    "，这一点值得展开说说",
    "，效果比预期更好",
    "，但也带来了新的问题",
    "，细节见下文",
    "，代价是更多的配置",
    "",
];

pub const EN_SUBJECTS: &[&str] = &[
    "The team",
    "This approach",
    "Most engineers",
    "In practice, we",
    "The new release",
    "Our benchmark",
    "The community",
    "The first prototype",
    "A small change",
];

pub const EN_VERBS: &[&str] = &[
    "reduced",
    "rethought",
    "gradually replaced",
    "measured",
    "simplified",
    "exposed",
    "improved",
    "documented",
    "doubled",
];

pub const EN_OBJECTS: &[&str] = &[
    "tail latency",
    "the deploy pipeline",
    "memory usage",
    "code readability",
    "recovery time",
    "API consistency",
    "test coverage",
    "migration cost",
    "cold starts",
    "on-call noise",
];

pub const EN_CLAUSES: &[&str] = &[
    ", which surprised everyone",
    ", at the cost of more configuration",
    ", and the numbers below show why",
    ", though not without trade-offs",
    "",
];

pub const ZH_HEADINGS: &[&str] = &["背景", "问题", "思路", "实现", "结果", "小结"];
pub const EN_HEADINGS: &[&str] = &[
    "Background",
    "The problem",
    "The idea",
    "How it works",
    "Results",
    "Wrap-up",
];

pub const ZH_COMMENTS: &[&str] = &[
    "写得很清楚，收藏了。",
    "学到了，感谢分享！",
    "第三段的例子很有启发。",
    "有没有完整的示例代码？",
    "我们线上也遇到过类似的问题。",
    "期待下一篇。",
    "这个思路不错，但边界情况呢？",
    "图画得很用心。",
];

pub const EN_COMMENTS: &[&str] = &[
    "Great write-up, thanks!",
    "Clear and to the point.",
    "Is there a repo with the full example?",
    "We hit the same issue last month.",
    "Looking forward to part two.",
    "Nice, but what about the edge cases?",
];

pub const REPLIES: &[&str] = &[
    "同意楼上。",
    "+1",
    "我也想知道。",
    "Agreed.",
    "Thanks, that helped.",
    "Same here.",
    "试了一下，确实有效。",
];

pub const NICKNAMES: &[&str] = &[
    "阿杰", "小林", "大鹏", "晓雨", "老周", "一帆", "子墨", "星河", "南风", "青山", "Alex", "Bo",
    "Chen", "Dana", "Eli", "Fang", "Gus", "Hui", "Ivy", "Jun",
];

pub const INTROS: &[&str] = &[
    "写代码，也写字。",
    "后端工程师，关注性能。",
    "Frontend tinkerer.",
    "喜欢分布式系统。",
    "Reads papers, ships features.",
    "",
];
