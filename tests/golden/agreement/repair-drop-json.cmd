repair ${SRC}/scenarios/plan28.yaml --proposal us28 --drop RU:1,RU:2 --json
