help tournament
