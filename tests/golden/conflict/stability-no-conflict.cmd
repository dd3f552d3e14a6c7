stability ${SRC}/tests/models/conflict/no-conflict.yaml
