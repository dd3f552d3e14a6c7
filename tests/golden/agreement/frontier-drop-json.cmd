frontier ${SRC}/tests/models/agreement/drop.yaml --drop B:1 --json
