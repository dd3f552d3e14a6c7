analyze ${FIXTURES}/genius/Laptop
