stability ${SRC}/tests/models/conflict/sanctions.yaml --full --threads 1
