repair ${SRC}/scenarios/plan28.yaml --proposal e3
