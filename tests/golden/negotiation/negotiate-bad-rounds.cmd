negotiate ${FIXTURES}/genius/Laptop --agents linear,linear --rounds 1
