stability ${SRC}/tests/models/conflict/large.yaml --max-memory 1
