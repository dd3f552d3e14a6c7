repair ${SRC}/tests/models/agreement/ceasefire.yaml --terms line=nowhere
