"""Pages of the sales pipeline: the board, the daily summary and the journey's actions."""
