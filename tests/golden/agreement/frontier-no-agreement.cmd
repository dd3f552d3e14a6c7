frontier ${SRC}/tests/models/pd.yaml
