robust ${SRC}/tests/models/structural/conflict.yaml --samples 300 --threads 1
