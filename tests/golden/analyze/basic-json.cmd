analyze ${SRC}/tests/models/basic.yaml --json
