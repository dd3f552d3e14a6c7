repair ${SRC}/tests/models/agreement/ceasefire.yaml
