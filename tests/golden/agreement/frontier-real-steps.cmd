frontier ${FIXTURES}/genius-own/RealDomain --real-steps 5
