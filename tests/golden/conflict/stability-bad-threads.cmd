stability ${SRC}/tests/models/conflict/elmira.yaml --threads 0
