-- Confidence-gated human review (issue #12 point 2): low-confidence, high-impact scores wait here for an analyst; the
-- corrected label is stored next to what the scorer said, for the mention's read API, the labelled export and the
-- agreement figures. One row per mention: a redelivered mention never queues twice nor resets a review.
create table review_items (
    mention_id            uuid primary key,
    brand                 varchar(64)  not null,
    source                varchar(32)  not null,
    reasons               varchar(64)  not null,
    confidence            double precision not null,
    followers             bigint,
    scorer_label          varchar(32)  not null,
    scorer_sentiment      double precision not null,
    scorer_sarcasm        double precision not null,
    scorer_distress_kind  varchar(16)  not null,
    model_version         varchar(32)  not null,
    queued_at             timestamptz  not null,
    status                varchar(16)  not null default 'PENDING',
    label                 varchar(32),
    sarcastic             boolean,
    distress_kind         varchar(16),
    note                  varchar(2000),
    reviewer              varchar(256),
    reviewed_at           timestamptz,
    constraint review_items_status_check check (status in ('PENDING', 'REVIEWED'))
);
create index review_items_listing_idx on review_items (status, queued_at desc, mention_id desc);
create index review_items_reviewed_idx on review_items (reviewed_at) where status = 'REVIEWED';
