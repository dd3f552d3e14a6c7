check ${SRC}/tests/models/agreement/ceasefire.yaml -o ${TMP}/
