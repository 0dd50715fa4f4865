"""Outils des tâches (tasks.py) qui travaillent sur le site construit, sans Pelican."""
