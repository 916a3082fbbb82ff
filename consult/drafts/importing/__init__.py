"""Reading Vietnamese legal documents (text, HTML, DOCX) into a structured tree."""
