evaluate ${SRC}/tests/models/agreement/drop.yaml
