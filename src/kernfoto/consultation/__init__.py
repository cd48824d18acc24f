"""Partner questionnaires answered by personal link, and the dialogue sessions that deepen them."""
