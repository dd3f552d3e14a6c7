check ${SRC}/tests/models/basic.yaml --max-states 100
