robust ${SRC}/tests/models/basic.yaml --samples 500 --threads 1
