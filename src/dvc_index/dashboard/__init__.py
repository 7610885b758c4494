"""The Streamlit dashboard: app.py (the pages), beyond.py (reconciliation and the way up),
queries.py (the SQL it reads the published copy with), i18n.py (every label, Vietnamese and
English, also used by the terminal report), serve.py (the command that starts it)."""
