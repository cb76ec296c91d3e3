"""Monitoring plan against fact: targets, portfolios, quarterly reports, workflow and alerts.

``planfact``, ``workflow``, ``alerts`` and ``periods`` are pure arithmetic (no web or database
imports); ``models`` holds the tables and ``service``/``figures`` the database side.
"""
