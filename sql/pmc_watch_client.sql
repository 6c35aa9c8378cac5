-- Has the server check every second, while a statement of this session runs, that pmc is still connected, and end the statement when it is not (PostgreSQL 14 and newer; pmc runs it only there). No parameters.
SET client_connection_check_interval = '1s'
