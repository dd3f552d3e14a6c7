import genius ${FIXTURES}/genius/Laptop
