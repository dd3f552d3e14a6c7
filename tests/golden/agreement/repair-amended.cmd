repair ${SRC}/tests/models/agreement/ceasefire.yaml --proposal north --terms monitors=3000
