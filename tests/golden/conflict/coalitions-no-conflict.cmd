coalitions ${SRC}/tests/models/conflict/no-conflict.yaml --json
