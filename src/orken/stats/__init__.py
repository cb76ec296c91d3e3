"""Regional industrial statistics: indicators per region and period, each value with its source."""
