-- A neutralized copy (staging, duplicate) holds no valid Moss key: production's key never opens it.
DELETE FROM res_users_apikeys
 WHERE user_id IN (SELECT user_id FROM moss_connection WHERE user_id IS NOT NULL);
