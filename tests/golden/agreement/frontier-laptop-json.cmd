frontier ${FIXTURES}/genius/Laptop --json
