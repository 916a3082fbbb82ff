"""Copies and near copies of one opinion (form letters, campaigns), grouped as each opinion is stored.

A group is its representative, the first opinion of it to arrive, plus every later opinion pointing at it through
`Feedback.duplicate_group_id` (NULL on the representative). One set of rules (`rules.group_rows`) decides where an
opinion goes, for every opinion stored (consult.feedback.store) and for `feedback regroup` (`regroup.py`):

- an exact copy (same folded text: `Feedback.duplicate_key`, on the same article) joins the group of the draft's
  first copy;
- otherwise the representatives sharing MinHash LSH bands with it (`models.FeedbackLshBand`, only representatives
  are indexed) are candidates, and the one a rapidfuzz ratio confirms at NEAR_DUPLICATE_THRESHOLD or more, the most
  similar, is joined; merging on LSH alone, or indexing every member, would chain unrelated opinions together;
  a candidate on another article, or one whose words say otherwise (`distinct.says_otherwise`: a replaced content
  word, a negation, a number), is never joined;
- otherwise the opinion starts a group, and its bands are indexed.
"""
