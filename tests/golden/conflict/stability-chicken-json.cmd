stability ${SRC}/tests/models/conflict/chicken.yaml --json
