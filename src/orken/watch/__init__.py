"""Keeping the map current: news sources polled on a schedule, reprints grouped into stories,
facts corroborated across independent stories and conflicting figures flagged (issue 19)."""
