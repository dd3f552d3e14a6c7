repair ${SRC}/scenarios/plan28.yaml --proposal e3 --drop RU:1,RU:2
