tournament ${FIXTURES}/genius/Laptop --agents linear,concede
