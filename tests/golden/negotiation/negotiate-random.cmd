negotiate ${FIXTURES}/genius/Grocery --agents random,linear --seed 7 --rounds 12
