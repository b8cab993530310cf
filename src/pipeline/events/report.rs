//! What the report says of the event history: the median time to formalize per group, the share
//! that ended before formalizing, the sensitivity range, and the adjusted hazard ratio of the
//! group, with the terms that fail the proportional-hazards test.
