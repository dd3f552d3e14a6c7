frontier ${SRC}/tests/models/agreement/ceasefire.yaml --json -o ${TMP}/missing/frontier.json
