negotiate ${SRC}/tests/models/basic.yaml --agents linear,linear --max-states=100
