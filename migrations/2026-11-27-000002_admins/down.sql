DROP TABLE mis_operation_log;
DROP TABLE mis_administrator;
