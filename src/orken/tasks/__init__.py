"""Tasks of quiet projects: no news, no report and no edit for months, so the curator confirms the status."""
