"""Small helpers with no knowledge of plans or tasks, each tested on its own."""
