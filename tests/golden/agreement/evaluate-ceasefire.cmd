evaluate ${SRC}/tests/models/agreement/ceasefire.yaml
