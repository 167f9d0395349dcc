# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

from frappe.model.document import Document

from voice_agent.rules.sessions import transcript_key


class VoiceTranscriptEntry(Document):
	def before_insert(self):
		# The name is "<session_id>:<ordinal>", so one line per position can ever exist.
		self.entry_key = transcript_key(self.session, self.ordinal)
