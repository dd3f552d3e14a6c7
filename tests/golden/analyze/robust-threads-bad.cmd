robust ${SRC}/tests/models/basic.yaml --threads 0
