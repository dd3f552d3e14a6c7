stability ${SRC}/tests/models/conflict/elmira.yaml --json
