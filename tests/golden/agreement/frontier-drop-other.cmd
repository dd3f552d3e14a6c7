frontier ${SRC}/tests/models/agreement/drop.yaml --drop A:1
