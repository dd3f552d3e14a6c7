frontier ${FIXTURES}/genius/Dinner3P
