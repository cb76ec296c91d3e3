"""Data in and out: spreadsheet import, open-data exports (CSV, XLSX, GeoJSON, OC4IDS), briefings
and backups. Everything writes through the registry services so that validation and the change log
apply to imported data exactly as to data entered through the API.
"""
