evaluate ${SRC}/tests/models/agreement/big-conflict.yaml
